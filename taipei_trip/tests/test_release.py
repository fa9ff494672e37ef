from pathlib import Path

from django.conf import settings

from taipei_trip.release import shipped_files


def test_the_release_is_named_by_its_code_templates_and_catalogues_not_its_tests():
    names = {str(path.relative_to(settings.BASE_DIR)) for path in shipped_files()}

    assert {"templates/base.html", "attractions/views.py"} <= names
    assert "locale/en/LC_MESSAGES/django.mo" in names
    assert not [name for name in names if "/tests/" in name or "/migrations/" in name]


def test_a_static_files_manifest_is_part_of_the_release(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text("{}")

    assert Path(tmp_path / "staticfiles.json") in shipped_files()
