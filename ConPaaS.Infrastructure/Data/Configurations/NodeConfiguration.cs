using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConPaaS.Infrastructure.Data.Configurations;

internal sealed class NodeConfiguration : IEntityTypeConfiguration<Node>
{
    public void Configure(EntityTypeBuilder<Node> builder)
    {
        builder.Property(n => n.Roles).HasMaxLength(256).IsRequired();
        builder.Property(n => n.Cloud).HasMaxLength(64).IsRequired();
        builder.Property(n => n.InstanceType).HasMaxLength(64);
        builder.Property(n => n.Address).HasMaxLength(64);
        builder.Property(n => n.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.StateReason).HasMaxLength(2000);
        builder.Ignore(n => n.RoleList);
        builder.Ignore(n => n.CloudNodeId);
        builder.HasIndex(n => new { n.ServiceId, n.State });
        // Only a stopped service can be deleted, so its nodes are all terminated records by then.
        builder.HasOne<Service>().WithMany().HasForeignKey(n => n.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
