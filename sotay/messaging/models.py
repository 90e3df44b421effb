"""Conversations between members. A cell's group and a committee's group have no stored member
list: who is in them is read from the cell's roster and the unit's positions when needed, so a
transfer moves a member between cell groups by itself. Direct conversations
store their participants. ``Participant`` also holds each member's read marker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sotay.core.models import PublicModel
from sotay.orgs.models import Organization


class Kind(models.TextChoices):
    CELL = "cell", "Nhóm chi bộ"
    COMMITTEE = "committee", "Nhóm cấp ủy"
    DIRECT = "direct", "Tin nhắn riêng"


class Conversation(PublicModel):
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    unit = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    direct_key = models.CharField(max_length=40, blank=True)  # "<low id>-<high id>" for direct
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "unit"],
                condition=Q(kind__in=["cell", "committee"]),
                name="one_group_per_unit",
            ),
            models.UniqueConstraint(
                fields=["direct_key"], condition=Q(kind="direct"), name="one_direct_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    last_read_id = models.BigIntegerField(default=0)
    stored = models.BooleanField(default=True)  # False: only a read marker (cell/committee group)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "member"], name="uniq_participant")
        ]
        indexes = [models.Index(fields=["member", "stored"])]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.conversation_id}"


class Message(models.Model):
    id = models.BigAutoField(primary_key=True)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    client_id = models.UUIDField()  # made by the sender's device: a resend is the same message
    body = models.TextField(blank=True)
    attachment = models.FileField(upload_to="tin-nhan/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "client_id"], name="uniq_client_message")
        ]
        indexes = [models.Index(fields=["conversation", "id"])]

    def __str__(self) -> str:
        return self.body[:60]


class MessageReport(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="uniq_message_report")
        ]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.reason[:40]}"


class MessagingPolicy(models.Model):
    """A province's rule for messages beyond one's cell and a committee's subtree."""

    province = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    allow_any = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.province_id}: {'mọi người' if self.allow_any else 'hạn chế'}"
