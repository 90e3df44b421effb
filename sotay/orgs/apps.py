from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "sotay.orgs"
    label = "orgs"
    verbose_name = "Tổ chức đảng"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from sotay.core.cache import bump

        from .models import Organization, Position, StaffRole

        def roles_changed(**_: object) -> None:
            bump("grants")  # cached grants (core.access) hold role kinds, units and paths

        for model in (Organization, Position, StaffRole):
            # weak=False: the receiver is a local function, nothing else keeps it alive
            post_save.connect(
                roles_changed, sender=model, weak=False, dispatch_uid=f"grants-{model.__name__}"
            )
            post_delete.connect(
                roles_changed, sender=model, weak=False, dispatch_uid=f"grants-x-{model.__name__}"
            )
