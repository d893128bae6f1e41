"""The (2+1)D convolutional family's network (:mod:`pushup_mobile.cnn3d.net`)."""
