from django.urls import path

from . import views

app_name = "works"

urlpatterns = [
    path("", views.order_list, name="home"),
    path("sign-in/", views.login_view, name="login"),
    path("sign-out/", views.logout_view, name="logout"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
]
