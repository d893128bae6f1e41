"""The transformer family's network: attention over a sliding window of BlazePose keypoint
features (:mod:`~pushup_mobile.transformer.net`). Its front-end, training sequences and
noise model are the pose family's (:mod:`pushup_mobile.pose`); its row in the family
table: :mod:`pushup_mobile.families.transformer`."""
