/**
 * OpenSearch's security plugin configured as Gazette needs it, never its demo configuration: HTTP and
 * transport TLS with certificates of our CA, sign-in by HTTP Basic against internal users only, and
 * three users: the indexer (writes the versioned indices, manages the alias and the index template),
 * feeds (reads, nothing else), and an admin (reindex, operators). Passwords are random, stored as
 * bcrypt hashes in the plugin's configuration and in clear only in the users' own files. ADR 0021.
 */
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { stringify } from "yaml";

export type OpenSearchUser = "indexer" | "feeds" | "admin";
export const openSearchUsers: readonly OpenSearchUser[] = ["indexer", "feeds", "admin"];

/** The distinguished names the plugin trusts: the nodes' certificate, and the security admin's (both ours). */
export interface OpenSearchDistinguishedNames {
  node: string;
  admin: string;
}

/** A new random password (base64url, 32 characters). */
export const newPassword = (): string => randomBytes(24).toString("base64url");

const meta = (type: string) => ({ _meta: { type, config_version: 2 } });

/** The roles of Gazette's users, for an alias (`releases`) and the indices behind it (`releases-v5`, …). */
export function gazetteRoles(alias: string) {
  const indices = [`${alias}*`];
  return {
    ...meta("roles"),
    gazette_indexer: {
      description: "Gazette's indexer: writes the versioned indices, manages their alias and index template",
      cluster_permissions: [
        "cluster_monitor",
        "cluster_composite_ops",
        "indices:admin/index_template/get",
        "indices:admin/index_template/put",
        "indices:admin/template/get",
        "indices:admin/template/put",
      ],
      index_permissions: [
        {
          index_patterns: indices,
          allowed_actions: [
            "crud",
            "create_index",
            "indices:admin/aliases",
            "indices:admin/aliases/get",
            "indices:admin/exists",
            "indices:admin/get",
            "indices:admin/mapping/put",
            "indices:admin/settings/update",
            "indices:admin/refresh*",
            "indices:monitor/*",
          ],
        },
      ],
    },
    gazette_feeds: {
      description: "Gazette's feeds: reads releases through the alias, nothing else",
      cluster_permissions: ["cluster_monitor", "cluster_composite_ops_ro"],
      index_permissions: [
        {
          index_patterns: indices,
          allowed_actions: ["read", "indices:admin/aliases/get", "indices:admin/exists"],
        },
      ],
    },
  };
}

/** The plugin's configuration files (name → YAML text), with the users' passwords hashed. */
export function securityConfigFiles(options: {
  alias: string;
  passwords: Record<OpenSearchUser, string>;
}): Record<string, string> {
  const users = Object.fromEntries(
    openSearchUsers.map((user) => [
      `gazette-${user}`,
      { hash: bcrypt.hashSync(options.passwords[user], 12), reserved: true, description: `Gazette ${user}` },
    ]),
  );
  const files: Record<string, unknown> = {
    "config.yml": {
      ...meta("config"),
      config: {
        dynamic: {
          // A request over all indices (HEAD /_alias/releases) is answered for the indices the user may
          // see, instead of refused: the users' roles name only Gazette's indices.
          do_not_fail_on_forbidden: true,
          http: { anonymous_auth_enabled: false, xff: { enabled: false } },
          authc: {
            basic_internal_auth_domain: {
              description: "HTTP Basic against the internal users",
              http_enabled: true,
              transport_enabled: true,
              order: 0,
              http_authenticator: { type: "basic", challenge: true },
              authentication_backend: { type: "intern" },
            },
          },
          authz: {},
        },
      },
    },
    "internal_users.yml": { ...meta("internalusers"), ...users },
    "roles.yml": gazetteRoles(options.alias),
    "roles_mapping.yml": {
      ...meta("rolesmapping"),
      all_access: { reserved: true, users: ["gazette-admin"], description: "Gazette's admin (reindex, operators)" },
      gazette_indexer: { reserved: true, users: ["gazette-indexer"] },
      gazette_feeds: { reserved: true, users: ["gazette-feeds"] },
    },
    "action_groups.yml": meta("actiongroups"),
    "tenants.yml": meta("tenants"),
    "nodes_dn.yml": meta("nodesdn"),
    "allowlist.yml": { ...meta("allowlist"), config: { enabled: false } },
    "audit.yml": {
      ...meta("audit"),
      config: {
        enabled: true,
        audit: {
          enable_rest: true,
          disabled_rest_categories: ["AUTHENTICATED", "GRANTED_PRIVILEGES"],
          enable_transport: false,
        },
      },
    },
  };
  // No YAML anchors: the plugin's parser does not resolve aliases.
  return Object.fromEntries(
    Object.entries(files).map(([name, value]) => [name, stringify(value, { aliasDuplicateObjects: false })]),
  );
}

/**
 * The node settings (opensearch.yml) that turn the plugin on with our certificates: TLS on HTTP and
 * on the transport (file names relative to the node's config folder), the nodes' and the admin's DNs.
 */
export function securityNodeSettings(names: OpenSearchDistinguishedNames): Record<string, unknown> {
  return {
    "plugins.security.ssl.transport.pemcert_filepath": "opensearch-node.pem",
    "plugins.security.ssl.transport.pemkey_filepath": "opensearch-node-key.pem",
    "plugins.security.ssl.transport.pemtrustedcas_filepath": "ca.pem",
    "plugins.security.ssl.transport.enforce_hostname_verification": false,
    "plugins.security.ssl.http.enabled": true,
    "plugins.security.ssl.http.pemcert_filepath": "opensearch-node.pem",
    "plugins.security.ssl.http.pemkey_filepath": "opensearch-node-key.pem",
    "plugins.security.ssl.http.pemtrustedcas_filepath": "ca.pem",
    "plugins.security.allow_default_init_securityindex": true,
    "plugins.security.allow_unsafe_democertificates": false,
    "plugins.security.authcz.admin_dn": [names.admin],
    "plugins.security.nodes_dn": [names.node],
    "plugins.security.audit.type": "internal_opensearch",
    "plugins.security.enable_snapshot_restore_privilege": true,
    "plugins.security.check_snapshot_restore_write_privileges": true,
    "plugins.security.restapi.roles_enabled": ["all_access"],
    "plugins.security.system_indices.enabled": true,
  };
}
