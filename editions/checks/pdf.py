def check(path, artifact, ed, notes):
    return []
