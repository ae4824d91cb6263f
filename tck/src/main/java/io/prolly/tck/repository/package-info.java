/**
 * The end-to-end contract of the versioned repository, run on every backend: a backend's test
 * class extends {@link io.prolly.tck.repository.RepositoryContract} and implements
 * {@link io.prolly.tck.BackendFixture}, as for the storage contract.
 */
@NullMarked
package io.prolly.tck.repository;

import org.jspecify.annotations.NullMarked;
