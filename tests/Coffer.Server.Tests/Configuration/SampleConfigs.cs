namespace Coffer.Server.Tests.Configuration;

/// <summary>Configuration files in the shapes operators write for Vault.</summary>
internal static class SampleConfigs
{
    public const string FileStorage = """
        # Single node on file storage, plain HTTP (e.g. behind a TLS-terminating proxy)
        storage "file" {
          path = "/var/lib/coffer/data"
        }

        listener "tcp" {
          address     = "0.0.0.0:8200"
          tls_disable = "true"
        }

        api_addr          = "http://127.0.0.1:8200"
        ui                = true
        disable_mlock     = true
        log_level         = "Debug"
        default_lease_ttl = "24h"
        max_lease_ttl     = 2764800
        """;

    public const string RaftCluster = """
        storage "raft" {
          path                   = "/opt/coffer/data"
          node_id                = "node-a"
          performance_multiplier = 1
          trailing_logs          = "20000"
          snapshot_threshold     = 4096
          snapshot_interval      = "60s"

          retry_join {
            leader_api_addr         = "https://node-b.example.com:8200"
            leader_ca_cert_file     = "/opt/coffer/tls/ca.pem"
            leader_client_cert_file = "/opt/coffer/tls/client.pem"
            leader_client_key_file  = "/opt/coffer/tls/client-key.pem"
          }

          retry_join {
            leader_api_addr       = "https://node-c.example.com:8200"
            leader_tls_servername = "coffer.example.com"
          }
        }

        listener "tcp" {
          address              = "0.0.0.0:8200"
          cluster_address      = "0.0.0.0:8201"
          tls_cert_file        = "/opt/coffer/tls/server.pem"
          tls_key_file         = "/opt/coffer/tls/server-key.pem"
          tls_min_version      = "tls13"
          max_request_size     = 1048576
          max_request_duration = "30s"
        }

        api_addr     = "https://node-a.example.com:8200"
        cluster_addr = "https://node-a.example.com:8201"
        cluster_name = "prod"
        enable_unauthenticated_access = ["generate-root"]
        """;

    public const string RaftClusterJson = """
        {
          "storage": {
            "raft": {
              "path": "/opt/coffer/data",
              "node_id": "node-a",
              "performance_multiplier": 1,
              "trailing_logs": "20000",
              "snapshot_threshold": 4096,
              "snapshot_interval": "60s",
              "retry_join": [
                {
                  "leader_api_addr": "https://node-b.example.com:8200",
                  "leader_ca_cert_file": "/opt/coffer/tls/ca.pem",
                  "leader_client_cert_file": "/opt/coffer/tls/client.pem",
                  "leader_client_key_file": "/opt/coffer/tls/client-key.pem"
                },
                {
                  "leader_api_addr": "https://node-c.example.com:8200",
                  "leader_tls_servername": "coffer.example.com"
                }
              ]
            }
          },
          "listener": {
            "tcp": {
              "address": "0.0.0.0:8200",
              "cluster_address": "0.0.0.0:8201",
              "tls_cert_file": "/opt/coffer/tls/server.pem",
              "tls_key_file": "/opt/coffer/tls/server-key.pem",
              "tls_min_version": "tls13",
              "max_request_size": 1048576,
              "max_request_duration": "30s"
            }
          },
          "api_addr": "https://node-a.example.com:8200",
          "cluster_addr": "https://node-a.example.com:8201",
          "cluster_name": "prod",
          "enable_unauthenticated_access": ["generate-root"]
        }
        """;
}
