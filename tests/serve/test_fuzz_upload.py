"""The upload endpoint on damaged videos (hypothesis): every upload is answered with a
report or one clear 4xx sentence, never a 500, and the server stays up."""

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.damage import SEEDS, damaged, seed_videos


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return seed_videos(tmp_path_factory.mktemp("seeds"))


@pytest.mark.parametrize("container", SEEDS)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_upload_is_a_report_or_one_clear_4xx(base_url, seeds, container, data):
    seed = seeds[container]
    body = data.draw(damaged(seed.data, seed.fields))
    response = httpx.post(f"{base_url}/analyze", files={"file": (f"clip{seed.suffix}", body, "video/mp4")}, timeout=120)
    assert response.status_code in (200, 400, 413, 415), response.text
    if response.status_code == 200:
        report = response.json()
        assert report["analyzed_frames"] >= 1 and report["reps"] == 0
    else:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail
    assert httpx.get(f"{base_url}/health", timeout=5).status_code == 200
