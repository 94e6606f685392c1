"""Tools beside the pipeline: change summary, copy checker, export and skeletons."""
