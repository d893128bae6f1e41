"""Push-up form in a coach's units: what is measured on a frame and a rep
(:mod:`~pushup_mobile.form.measure`), and where a rep becomes a fault
(:mod:`~pushup_mobile.form.faults`). Shared by the synthetic labels, the rep counter, the
manifest and the Android core."""
