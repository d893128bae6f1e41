"""Model outputs -> repetitions and advice: the rules the Android app runs too."""
