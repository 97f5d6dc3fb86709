"""Attack: read the source notebook (hidden tests and solutions), gradebook.db, other
students' submissions and the seeds, from every relative and absolute path the course
uses. The sandbox shows empty folders; the cell prints what it found (nothing), and the
student's correct functions keep their points."""

BASE = "solution"

EXTRA_CELLS = {
    "setup": (
        "import glob, os\n"
        "_found = []\n"
        "for _pattern in ['../../source/*/*', '../../../source/*/*', '/work/*/source/*/*',\n"
        "                 '../../*/*/*.ipynb', '/tmp/*/*/*/*.ipynb', '/work/shared/seeds/*',\n"
        "                 '../../gradebook.db', '/work/main/gradebook.db']:\n"
        "    for _path in glob.glob(_pattern):\n"
        "        try:\n"
        "            if open(_path, 'rb').read(64):\n"
        "                _found.append(_path)\n"
        "        except OSError:\n"
        "            pass\n"
        "print('secrets found:', len(_found))\n"
    )
}
