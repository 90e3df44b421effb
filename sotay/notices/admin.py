from django.contrib import admin

from .models import Delivery, Notice, PushSubscription, Reminder


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "org", "status", "recipient_count", "sent_at"]
    raw_id_fields = ["org", "created_by"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["notification_id", "channel", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notification"]


admin.site.register(PushSubscription)
admin.site.register(Reminder)
