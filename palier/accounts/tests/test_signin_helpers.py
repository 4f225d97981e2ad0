from django.test import RequestFactory

from palier.accounts.signin import next_url


def test_a_sign_in_page_follows_next_only_within_this_site_and_its_own_part():
    get = RequestFactory().get
    assert next_url(get("/sign-in/", {"next": "/rent/"}), default="/") == "/rent/"
    assert next_url(get("/sign-in/", {"next": "https://evil.example/"}), default="/") == "/"
    assert next_url(get("/sign-in/", {"next": "//evil.example/"}), default="/") == "/"
    assert next_url(get("/staff/sign-in/", {"next": "/rent/"}), default="/staff/", within="/staff/") == "/staff/"
    assert next_url(get("/staff/sign-in/", {"next": "/staff/tenants/"}), default="/staff/",
                    within="/staff/") == "/staff/tenants/"
