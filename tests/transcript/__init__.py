"""Tests of the transcript stage (a package so tests can share ``helpers``)."""
