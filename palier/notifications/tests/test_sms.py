import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from palier.notifications import sms


class Provider(BaseHTTPRequestHandler):
    received: list = []
    status = 202

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Provider.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(Provider.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    server = HTTPServer(("127.0.0.1", 0), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Provider.received = []
    Provider.status = 202
    settings.PALIER_SMS_BACKEND = "http"
    settings.PALIER_SMS_URL = f"http://127.0.0.1:{server.server_port}/messages"
    settings.PALIER_SMS_TOKEN = "provider-token"
    yield Provider
    server.shutdown()
    server.server_close()


def test_the_http_backend_posts_the_message_with_the_token(provider):
    sms.send_sms("+32470123456", "Your code is 123456.")
    assert provider.received == [("Bearer provider-token", {"to": "+32470123456", "body": "Your code is 123456."})]


def test_the_http_backend_raises_when_the_provider_refuses(provider):
    provider.status = 503
    with pytest.raises(sms.SMSError, match="503"):
        sms.send_sms("+32470123456", "Your code is 123456.")


def test_an_unknown_backend_is_refused(settings):
    settings.PALIER_SMS_BACKEND = "pigeon"
    with pytest.raises(sms.SMSError, match="pigeon"):
        sms.send_sms("+32470123456", "Hello")
