/**
 * Files that only the guide's own user may read: keys, certificates, kubeconfigs, the embedded control plane's work
 * directory and the H2 database directory. {@link io.kubeguide.files.PrivateFiles} creates them with owner-only
 * permissions from the start (0600 files, 0700 directories), so there is no moment when another local user could
 * open them.
 */
package io.kubeguide.files;
