"""Running a model on video, above the families and the exports: open any model by name,
checkpoint or artifact (:mod:`~pushup_mobile.runtime.models`), stream frames through it
with the feedback rules (:mod:`~pushup_mobile.runtime.session`), analyse a whole video
(:mod:`~pushup_mobile.runtime.analyze`)."""
