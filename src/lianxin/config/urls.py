from captcha import views as captcha_views
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path

admin.site.site_header = "连心 12315 管理后台"
admin.site.site_title = "连心 12315"
admin.site.index_title = "基础数据与参数"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("lianxin.api.urls")),
    path("live/", include("lianxin.realtime.urls")),
    path("handling/", include("lianxin.web.handling.urls")),
    path("workstation/", include("lianxin.web.workstation.urls")),
    path("work-orders/", include("lianxin.web.work_orders.urls")),
    path("", include("lianxin.web.supervision.urls")),
    path("callbacks/", include("lianxin.web.callbacks.urls")),
    path("", include("lianxin.portal_web.urls")),
    # The offline image captcha of the public forms (django-simple-captcha), public like the forms themselves.
    re_path(
        r"^captcha/image/(?P<key>\w+)/$",
        login_not_required(captcha_views.captcha_image),
        name="captcha-image",
        kwargs={"scale": 1},
    ),
    re_path(
        r"^captcha/image/(?P<key>\w+)@2/$",
        login_not_required(captcha_views.captcha_image),
        name="captcha-image-2x",
        kwargs={"scale": 2},
    ),
    path("", include("lianxin.web.urls")),
]
