"""The study built on the library: pipeline, evaluation, annotation sampling, figures.

Nothing in the library (:mod:`analysis` outside this package) imports it.
"""
