"""nbgrader's exchange, without following a student's symbolic links.

``nbgrader collect`` runs as the instructor and copies each student's submission out of the
exchange with ``shutil.copytree``, which follows symbolic links: a student who puts a link
``cs231n_lib/classifiers/linear_svm.py -> /path/to/the/kit/cs231n_lib/classifiers/linear_svm.py``
into their inbound folder would have the *reference* (or any file the instructor can read)
copied into ``submitted/`` as their work. :class:`SafeCollect` copies links as links and then
removes every one of them from the copy, logging each; the grader then reports the missing file.
Wired in ``grading/nbgrader_config.py`` (``c.ExchangeFactory.collect``).
"""
import os
import shutil

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.exchange import ignore_patterns


class SafeCollect(ExchangeCollect):
    def do_copy(self, src, dest, log=None):
        dir_size = self.get_size(src)
        if dir_size > 1000 * self.coursedir.max_dir_size:
            raise RuntimeError(f"Directory size is too big. Size is {dir_size}, maximum size is "
                               f"{1000 * self.coursedir.max_dir_size}")
        shutil.copytree(src, dest, symlinks=True,
                        ignore=ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include,
                                               max_file_size=self.coursedir.max_file_size, log=self.log))
        for top, dirs, files in os.walk(dest):
            for name in dirs + files:
                path = os.path.join(top, name)
                if os.path.islink(path):
                    self.log.warning("refused a symbolic link in a submission: %s -> %s (removed from the copy)",
                                     os.path.relpath(path, dest), os.readlink(path))
                    os.unlink(path)
