from django.urls import path

from . import views

# Discovery: the home page, the search page and the category pages (the search page with a filter).
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("gems/", views.gem_list, name="gem_list"),
    path("gems/<slug:species_code>/", views.gem_species_list, name="gem_species_list"),
    path("jewelry/", views.jewelry_list, name="jewelry_list"),
]
