package io.prolly.backend.file;

import io.prolly.tck.repository.RepositoryContract;

/** The repository end-to-end contract on this backend. */
class FileRepositoryTest extends RepositoryContract implements FileFixture {}
