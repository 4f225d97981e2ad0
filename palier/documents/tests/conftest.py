import pytest


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """The PDFs these tests store go to a folder removed after the run, not var/test-media."""
    settings.MEDIA_ROOT = tmp_path
