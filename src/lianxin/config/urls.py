from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "连心 12315 管理后台"
admin.site.site_title = "连心 12315"
admin.site.index_title = "基础数据与参数"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("lianxin.api.urls")),
    path("live/", include("lianxin.realtime.urls")),
    path("", include("lianxin.web.urls")),
]
