package io.prolly.cli;

/**
 * A branch or tag as {@code --json} shows it.
 *
 * @param name the branch or tag name
 * @param commit the full id of the commit it points at
 * @param current whether it is the checked-out branch (always false for a tag)
 */
record RefView(String name, String commit, boolean current) {}
