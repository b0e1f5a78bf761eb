package dev.landlockstudio.compiler.abi;

/**
 * One Landlock ABI version.
 *
 * @param number   the version {@code landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)} returns
 * @param linux    the first mainline kernel release that has it
 * @param attrSize the size of {@code struct landlock_ruleset_attr} this version knows, in bytes
 * @param quiet    whether it has the quiet_* ruleset fields and the {@code LANDLOCK_ADD_RULE_QUIET} rule flag
 */
public record AbiVersion(int number, String linux, int attrSize, boolean quiet) {
}
