import json

import pytest

from pushup_mobile.golden import pose_features
from tests.conftest import GOLDEN_ROOT


@pytest.mark.parametrize("name", sorted(pose_features.CASES))
def test_pose_feature_golden_files_are_current(name):
    on_disk = json.loads(((GOLDEN_ROOT / pose_features.FOLDER) / f"{name}.json").read_text())
    assert json.loads(json.dumps(pose_features.build_case(name))) == on_disk
