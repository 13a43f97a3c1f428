"""Annotations: the model, the sidecar file, re-anchoring, the session store."""
