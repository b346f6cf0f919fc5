namespace Coffer.Testing.UserStory;

/// <summary>Text from the operator's procedure in the user story, shared by every test that follows it.</summary>
public static class UserStoryPolicies
{
    /// <summary>Step 1's policy, word for word (the batch DR operation token's only policy).</summary>
    public const string DrSecondaryPromotion = """
        path "sys/replication/dr/secondary/promote" {
          capabilities = [ "update" ]
        }

        # To update the primary to connect
        path "sys/replication/dr/secondary/update-primary" {
            capabilities = [ "update" ]
        }

        # Only if using integrated storage (raft) as the storage backend
        # To read the current autopilot status
        path "sys/storage/raft/autopilot/state" {
            capabilities = [ "update" , "read" ]
        }
        """;
}
