import json

import pytest

from pushup_mobile.golden import preprocess


@pytest.mark.parametrize("name", sorted(preprocess.CASES))
def test_preprocess_golden_files_are_current(name):
    on_disk = json.loads((preprocess.GOLDEN_DIR / f"{name}.json").read_text())
    assert json.loads(json.dumps(preprocess.build_case(name))) == on_disk
