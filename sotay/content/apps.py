from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "sotay.content"
    label = "content"
    verbose_name = "Tin bài và văn kiện"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from sotay.core.cache import bump

        from .models import Attachment, Item, ItemRelation, Revision, Section

        def content_changed(**_: object) -> None:
            bump("feed", "search", "item")  # per-audience lists and reader parts (selectors)

        for model in (Item, Section, Attachment, ItemRelation, Revision):
            post_save.connect(
                content_changed, sender=model, weak=False, dispatch_uid=f"feed-{model.__name__}"
            )
            post_delete.connect(
                content_changed, sender=model, weak=False, dispatch_uid=f"feed-x-{model.__name__}"
            )
