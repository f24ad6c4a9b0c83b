using ConPaaS.Domain;
using ConPaaS.Domain.Credits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConPaaS.Infrastructure.Data.Configurations;

internal sealed class CreditEntryConfiguration : IEntityTypeConfiguration<CreditEntry>
{
    public void Configure(EntityTypeBuilder<CreditEntry> builder)
    {
        builder.Property(e => e.UserId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Amount).HasPrecision(18, 4);
        builder.Property(e => e.BalanceAfter).HasPrecision(18, 4);
        builder.Property(e => e.ServiceName).HasMaxLength(Names.MaxLength);
        builder.Property(e => e.Cloud).HasMaxLength(64);
        builder.Property(e => e.InstanceType).HasMaxLength(64);
        builder.Property(e => e.Note).HasMaxLength(500);
        // The guard against charging twice: one charge per node and hour of its uptime, whoever runs the charger.
        builder.HasIndex(e => new { e.NodeId, e.HourIndex }).IsUnique();
        builder.HasIndex(e => new { e.UserId, e.Id });
        // No key to the node or service: the history outlives both.
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
