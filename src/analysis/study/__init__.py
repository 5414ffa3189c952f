"""The study built on the library: pipeline, evaluation, annotation, training, figures.

The reusable library is :mod:`analysis` outside this package; nothing in it imports
:mod:`analysis.study`. The study reads its folders from the project's ``study.yml``
(:mod:`analysis.study.paths`).

Examples
--------
>>> import analysis.study
>>> analysis.study.__name__
'analysis.study'
"""
