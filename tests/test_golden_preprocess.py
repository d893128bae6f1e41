import json

import pytest

from pushup_mobile.golden import preprocess
from tests.conftest import GOLDEN_ROOT


@pytest.mark.parametrize("name", sorted(preprocess.CASES))
def test_preprocess_golden_files_are_current(name):
    on_disk = json.loads(((GOLDEN_ROOT / preprocess.FOLDER) / f"{name}.json").read_text())
    assert json.loads(json.dumps(preprocess.build_case(name))) == on_disk
