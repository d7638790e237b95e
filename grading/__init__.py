"""Instructor side of the course kit: the student release, the nbgrader course,
hidden checks in an isolated process, and the grader commands. Never shipped to students."""
