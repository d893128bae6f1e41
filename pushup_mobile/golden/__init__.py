"""Golden vectors shared with the Android core: same inputs, same answers, two languages."""
