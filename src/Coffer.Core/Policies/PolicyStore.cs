using System.Collections.Concurrent;
using System.Text;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Coffer.Core.Storage;

namespace Coffer.Core.Policies;

/// <summary>
/// ACL policies in storage, their parsed form, and compiled ACLs per policy set. Any write or delete clears
/// the caches, so a policy change applies to the very next request.
/// </summary>
public sealed class PolicyStore
{
    private readonly StorageView _view;
    private readonly ConcurrentDictionary<string, Policy?> _policies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Acl> _acls = new(StringComparer.Ordinal);

    public PolicyStore(IStorage barrierStorage)
    {
        _view = new StorageView(barrierStorage, CorePaths.Policies);
    }

    /// <summary>Creates the <c>default</c> policy if it has never existed; never overwrites an edited one.</summary>
    public async Task EnsureDefaultPolicyAsync(CancellationToken cancellationToken)
    {
        if (await _view.GetAsync(BuiltinPolicies.DefaultName, cancellationToken).ConfigureAwait(false) is null)
        {
            await _view.PutAsync(new StorageEntry(BuiltinPolicies.DefaultName, Encoding.UTF8.GetBytes(BuiltinPolicies.DefaultText)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stored names in storage order, then <c>root</c>, as Vault lists them.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var names = (await _view.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false)).ToList();
        names.Add(BuiltinPolicies.RootName);
        return names;
    }

    public async Task<string?> GetTextAsync(string name, CancellationToken cancellationToken)
    {
        var entry = await _view.GetAsync(name, cancellationToken).ConfigureAwait(false);
        return entry is null ? null : Encoding.UTF8.GetString(entry.Value);
    }

    /// <summary>Parses, then stores. Parse errors surface as 400 with the parser's message.</summary>
    public async Task SetAsync(string name, string text, CancellationToken cancellationToken)
    {
        if (PolicyNames.ValidateForWrite(name) is { } problem)
        {
            throw CofferException.BadRequest(problem);
        }

        Policy policy;
        try
        {
            policy = PolicyParser.Parse(name, text);
        }
        catch (PolicyParseException e)
        {
            throw CofferException.BadRequest(e.Message);
        }

        await _view.PutAsync(new StorageEntry(name, Encoding.UTF8.GetBytes(policy.Raw)), cancellationToken).ConfigureAwait(false);
        Invalidate();
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (PolicyNames.ValidateForDelete(name) is { } problem)
        {
            throw CofferException.BadRequest(problem);
        }

        await _view.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        Invalidate();
    }

    /// <summary>Whether a policy with this name exists (from the parsed-policy cache when possible).</summary>
    public async ValueTask<bool> ExistsAsync(string name, CancellationToken cancellationToken) =>
        name == BuiltinPolicies.RootName || await GetParsedAsync(name, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The compiled ACL of a token's policies; unknown policies count as empty, as in Vault.</summary>
    public async ValueTask<Acl> AclForAsync(IReadOnlyList<string> policyNames, CancellationToken cancellationToken)
    {
        var key = string.Join('\n', policyNames);
        if (_acls.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (policyNames.Contains(BuiltinPolicies.RootName))
        {
            return _acls[key] = Acl.Root;
        }

        var policies = new List<Policy>();
        foreach (var name in policyNames)
        {
            if (await GetParsedAsync(name, cancellationToken).ConfigureAwait(false) is { } policy)
            {
                policies.Add(policy);
            }
        }

        var acl = Acl.Compile(policies);
        _acls[key] = acl;
        return acl;
    }

    private async ValueTask<Policy?> GetParsedAsync(string name, CancellationToken cancellationToken)
    {
        if (_policies.TryGetValue(name, out var cached))
        {
            return cached;
        }

        // The response-wrapping policy is built in and never stored, so nobody can edit or assign it.
        Policy? policy;
        if (name == BuiltinPolicies.ResponseWrappingName)
        {
            policy = BuiltinPolicies.ResponseWrapping;
        }
        else
        {
            var text = await GetTextAsync(name, cancellationToken).ConfigureAwait(false);
            policy = text is null ? null : PolicyParser.Parse(name, text);
        }

        _policies[name] = policy;
        return policy;
    }

    /// <summary>Forgets parsed policies and compiled ACLs, for when storage was changed underneath (replication).</summary>
    public void InvalidateCaches() => Invalidate();

    private void Invalidate()
    {
        _policies.Clear();
        _acls.Clear();
    }
}
