"""Listen-aloud audio: one clip per article/section of a document (or per news item), or one per
committee notice, made by a background task and kept until the text changes."""

from __future__ import annotations

from django.db import models


class AudioClip(models.Model):
    item = models.ForeignKey(
        "content.Item", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    notice = models.ForeignKey(
        "notices.Notice", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    anchor = models.CharField(max_length=60, blank=True)  # "" for the whole item
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    text_hash = models.CharField(max_length=64)
    engine = models.CharField(max_length=20)
    audio = models.FileField(upload_to="am-thanh/%Y/%m/")
    content_type = models.CharField(max_length=40, default="audio/ogg")
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "anchor"], name="uniq_audio_clip"),
            models.UniqueConstraint(fields=["notice"], name="uniq_notice_audio"),
            models.CheckConstraint(
                condition=models.Q(item__isnull=False, notice__isnull=True)
                | models.Q(item__isnull=True, notice__isnull=False),
                name="audio_clip_of_item_or_notice",
            ),
        ]

    def __str__(self) -> str:
        if self.notice_id:
            return f"thong-bao/{self.notice_id}"
        return f"{self.item_id}/{self.anchor or 'toan-bai'}"
