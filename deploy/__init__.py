"""Running Verkstad beyond one process: the HAProxy config and the launcher of `make run-cluster`."""
