"""The pose model family's parts: BlazePose keypoints -> a small temporal model.

Stages, one module each: :mod:`~pushup_mobile.pose.blazepose` (frame -> 33 landmarks ->
our 17 joints), :mod:`~pushup_mobile.pose.features` (joints -> the model's ``frame``
input), :mod:`~pushup_mobile.pose.net` (the contract's clip and step forms),
:mod:`~pushup_mobile.pose.stream` (all three per camera frame). Training data comes from
the motion programs without rendering (:mod:`~pushup_mobile.pose.sequences`) through a
noise model measured on BlazePose (:mod:`~pushup_mobile.pose.noise`);
:mod:`~pushup_mobile.pose.baseline` is the elbow-angle recipe it is compared with. The
family's row in the family table: :mod:`pushup_mobile.families.pose`.
"""
