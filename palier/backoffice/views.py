from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render

from palier.accounts import services as accounts
from palier.portal.forms import LoginForm


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "backoffice:login")
        if not request.user.is_staff_member:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def home(request):
    return render(request, "backoffice/home.html")


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.authenticate(
                acting=request.acting, identifier=form.cleaned_data["identifier"], secret=form.cleaned_data["password"]
            )
        except (accounts.LoginLocked, accounts.LoginFailed) as exc:
            form.add_error(None, exc.message)
        else:
            accounts.sign_in(request, acting=request.acting, user=user)
            return redirect("backoffice:home")
    return render(request, "backoffice/login.html", {"form": form})
