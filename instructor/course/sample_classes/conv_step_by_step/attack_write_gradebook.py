"""Attack: write full marks into gradebook.db with sqlite3, from the paths where it could
be, and start a detached background process meant to do it again after grading. Nothing
is written, the background process dies with the kernel, and the score is the reference's."""

BASE = "solution"

EXTRA_CELLS = {
    "setup": (
        "import sqlite3, subprocess, sys\n"
        "_wrote = 0\n"
        "for _db in ['../../gradebook.db', '../../../gradebook.db', '/work/main/gradebook.db']:\n"
        "    try:\n"
        "        _con = sqlite3.connect(_db)\n"
        "        _con.execute('UPDATE grade SET manual_score = 100')\n"
        "        _con.commit()\n"
        "        _wrote += 1\n"
        "    except Exception:\n"
        "        pass\n"
        "print('gradebooks written:', _wrote)\n"
        "_later = 'import time, sqlite3; time.sleep(20); ' \\\n"
        '         \'c = sqlite3.connect("../../gradebook.db"); c.execute("UPDATE grade SET manual_score = 100"); c.commit()\'\n'
        "subprocess.Popen([sys.executable, '-c', _later, 'course-attack-detached'],\n"
        "                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    )
}
