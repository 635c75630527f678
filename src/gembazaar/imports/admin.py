from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "seller", "kind", "mode", "status", "total_rows", "error_count", "created_count",
                    "updated_count", "created_at")
    list_filter = ("status", "kind", "mode")
    search_fields = ("seller__trade_name", "seller__slug", "file_name")
    list_select_related = ("seller",)
    raw_id_fields = ("seller", "created_by")
    # The files live in private storage, which has no URL: show their stored names, never a link.
    exclude = ("file", "images")
    readonly_fields = ("stored_file", "stored_images", "errors", "total_rows", "processed_rows", "error_count",
                       "created_count", "updated_count", "image_count", "finished_at", "retries", "files_purged_at")

    @admin.display(description="stored file")
    def stored_file(self, job: ImportJob) -> str:
        return job.file.name or ("— (purged)" if job.files_purged_at else "—")

    @admin.display(description="stored images ZIP")
    def stored_images(self, job: ImportJob) -> str:
        return job.images.name or ("— (purged)" if job.files_purged_at and job.images_name else "—")
