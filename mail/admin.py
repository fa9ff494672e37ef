from django.contrib import admin, messages

from mail import services
from mail.models import Email, EmailState


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "to", "state", "attempts", "created_at", "sent_at")
    # No date_hierarchy: on MySQL/MariaDB it needs the server's time zone tables.
    list_filter = ("state", "template", "created_at")
    search_fields = ("to", "subject", "key")
    # Not the id: the page's address has it, and Django labels it "ID" alone.
    readonly_fields = [field.name for field in Email._meta.fields if field.name != "id"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="重新寄送失敗的郵件 Send failed e-mails again")
    def send_again(self, request, queryset):
        failed = list(queryset.filter(state=EmailState.FAILED))
        for email in failed:
            services.send_again(email=email)
        self.message_user(
            request, f"已重新排入 {len(failed)} 封郵件。", messages.SUCCESS
        )
