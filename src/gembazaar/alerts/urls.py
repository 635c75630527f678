from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("saved-searches/", views.saved_search_list, name="saved_search_list"),
    path("saved-searches/<int:pk>/email/", views.saved_search_email, name="saved_search_email"),
    path("saved-searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("saved-searches/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
