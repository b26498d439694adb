from django.urls import path, register_converter

from catalog import views


class FormatConverter:
    regex = "xlsx|docx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "catalogformat")

app_name = "catalog"
urlpatterns = [
    path("<slug:code>/", views.unit_catalog, name="unit"),
    path("<slug:code>/download.<catalogformat:fmt>", views.download, name="download"),
    path("<slug:code>/manage/", views.manage, name="manage"),
    path("<slug:code>/versions/<int:number>/", views.version_detail, name="version"),
    path(
        "<slug:code>/versions/<int:number>/download.<catalogformat:fmt>",
        views.version_download,
        name="version_download",
    ),
]
