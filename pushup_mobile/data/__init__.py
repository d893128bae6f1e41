"""Training data: augmentation, the clip dataset over synthetic shards, people's own videos."""
