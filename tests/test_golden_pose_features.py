import json

import pytest

from pushup_mobile.golden import pose_features


@pytest.mark.parametrize("name", sorted(pose_features.CASES))
def test_pose_feature_golden_files_are_current(name):
    on_disk = json.loads((pose_features.GOLDEN_DIR / f"{name}.json").read_text())
    assert json.loads(json.dumps(pose_features.build_case(name))) == on_disk
