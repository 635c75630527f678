from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_home, name="home"),
    path("template/<str:kind>.<str:fmt>", views.template_download, name="template"),
    path("legend/<str:kind>.csv", views.legend_download, name="legend"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("jobs/<int:job_id>/status/", views.job_status, name="job_status"),
    path("jobs/<int:job_id>/problems.csv", views.job_errors_csv, name="job_errors_csv"),
    path("jobs/<int:job_id>/commit/", views.job_commit, name="job_commit"),
]
