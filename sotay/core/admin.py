from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "action", "member", "detail"]
    list_filter = ["action"]
    raw_id_fields = ["actor", "member"]
