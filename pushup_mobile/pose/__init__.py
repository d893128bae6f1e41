"""BlazePose (MediaPipe's pose detector and landmark model) as a frame -> keypoints runner."""
